import type { messagesEn, VALUE_WORDS_EN } from '../../shared/messages';

/** The engine's messages in Dutch (shared/messages.ts has them in English, and says how templates are written). */
export const messagesNl: Record<keyof typeof messagesEn, string> = {
  outlookHeld_one:
    '{{count, number}} wijziging voor {{connector}} wordt vastgehouden ter controle: er gaat niets van weg tot je die vrijgeeft (Vrijgeven in de Wachtrij of het Voorbeeld, of `release --connector {{connector}}`).',
  outlookHeld_other:
    '{{count, number}} wijzigingen voor {{connector}} worden vastgehouden ter controle: er gaat niets van weg tot je ze vrijgeeft (Vrijgeven in de Wachtrij of het Voorbeeld, of `release --connector {{connector}}`).',
  outlookNothing: 'Niets te versturen: {{connector}} heeft geen wachtende wijzigingen.',
  outlookHalted: 'Er wordt niets verstuurd: {{connector}} is gestopt{{reason}}. Geef de connector een nieuw token of endpoint onder Connectoren (of `connector edit`) om weer te versturen.',
  outlookPausedUntil_one: 'Er wordt niets verstuurd vóór {{until, clock}}: {{connector}} is gepauzeerd{{reason}}. De {{count, number}} wijziging gaat weg zodra de pauze voorbij is.',
  outlookPausedUntil_other: 'Er wordt niets verstuurd vóór {{until, clock}}: {{connector}} is gepauzeerd{{reason}}. De {{count, number}} wijzigingen gaan weg zodra de pauze voorbij is.',
  outlookPaused_one: 'Er wordt niets verstuurd: {{connector}} is gepauzeerd{{reason}}. Hervat de connector in de Wachtrij om de {{count, number}} wijziging te versturen.',
  outlookPaused_other: 'Er wordt niets verstuurd: {{connector}} is gepauzeerd{{reason}}. Hervat de connector in de Wachtrij om de {{count, number}} wijzigingen te versturen.',
  outlookOnFlush_one: 'Hier draait geen planner: de {{count, number}} wijziging voor {{connector}} wacht tot er wordt verstuurd (Nu versturen in de Wachtrij, of `flush`).',
  outlookOnFlush_other: 'Hier draait geen planner: de {{count, number}} wijzigingen voor {{connector}} wachten tot er wordt verstuurd (Nu versturen in de Wachtrij, of `flush`).',
  outlookNow_one: 'Nu aan het versturen: de planner verstuurt de {{count, number}} wijziging voor {{connector}} in één keer, in ongeveer $t(messages.requests, {"count": {{batches}} }) van hoogstens {{batchSize}}.',
  outlookNow_other: 'Nu aan het versturen: de planner verstuurt alle {{count, number}} wijzigingen voor {{connector}} in één keer, in ongeveer $t(messages.requests, {"count": {{batches}} }) van hoogstens {{batchSize}}.',
  outlookBudgetSpent_one: 'De daglimiet is op: de {{count, number}} wijziging voor {{connector}} gaat weg zodra die vernieuwt, om {{until, clock}}.',
  outlookBudgetSpent_other: 'De daglimiet is op: de {{count, number}} wijzigingen voor {{connector}} gaan weg zodra die vernieuwt, om {{until, clock}}.',
  outlookNextFlushAt_one: 'Minder dan een volle batch ({{count, number}} wijziging van {{batchSize}}): die gaat weg bij de volgende geplande verzending, om {{until, clock}}, of nu met Nu versturen.',
  outlookNextFlushAt_other: 'Minder dan een volle batch ({{count, number}} wijzigingen van {{batchSize}}): ze gaan weg bij de volgende geplande verzending, om {{until, clock}}, of nu met Nu versturen.',
  outlookNextFlush_one: 'Minder dan een volle batch ({{count, number}} wijziging van {{batchSize}}): die gaat weg bij de volgende geplande verzending, of nu met Nu versturen.',
  outlookNextFlush_other: 'Minder dan een volle batch ({{count, number}} wijzigingen van {{batchSize}}): ze gaan weg bij de volgende geplande verzending, of nu met Nu versturen.',
  outlookBudgetShort: 'De daglimiet laat vandaag nog $t(messages.requests, {"count": {{left}} }) toe: de rest gaat weg nadat die vernieuwt om {{until, clock}}.',
  requests_one: '{{count, number}} verzoek',
  requests_other: '{{count, number}} verzoeken',

  flushWaiting_one: '{{connector}}: {{count, number}} batch niet afgeleverd ({{reason}}); de volgende poging is om {{at, time}}.',
  flushWaiting_other: '{{connector}}: {{count, number}} batches niet afgeleverd ({{reason}}); de volgende poging is om {{at, time}}.',
  flushFailed_one: '{{connector}}: {{count, number}} batch definitief mislukt: {{meaning}}',
  flushFailed_other: '{{connector}}: {{count, number}} batches definitief mislukt: {{meaning}}',
  flushHalted: '{{connector}} is gestopt: {{reason}}',
  flushPausedUntil: '{{connector}} is gepauzeerd tot {{until, time}}: {{reason}}',
  flushPaused: '{{connector}} is gepauzeerd; hervat de connector om te versturen.',

  removalGuard: '$t(messages.removalGuardFacts) Klopt dat, importeer het bestand dan opnieuw en sta het verwijderen toe (--allow-removals).',
  removalGuardFacts:
    'Deze momentopname zou {{removing, number}} van de {{members, number}} leden van {{segment}} verwijderen ({{share}}%, meer dan de {{percent}}% die zonder bevestiging mag); er is niets gewijzigd.',
  fileChanged:
    '"{{file}}" is gewijzigd terwijl het werd gelezen ({{before, number}} bytes bij het begin, {{after, number}} aan het eind): $t(messages.cutOffAdvice)',
  fileCutOff:
    '"{{file}}" regel {{line}} is afgebroken ({{fields}} van {{width}} velden, geen regeleinde): $t(messages.cutOffAdvice)',
  cutOffAdvice: 'het bestand wordt misschien nog geschreven of is afgebroken. Wacht tot de export klaar is en importeer het dan opnieuw; er is niets gewijzigd.',
  mixedEncoding:
    '"{{file}}" regel {{line}} bevat bytes die geen geldige UTF-8 zijn, terwijl regel {{utf8Line}} UTF-8 is: het bestand mengt twee coderingen en zou verminkt aankomen. Sla het opnieuw op als "CSV UTF-8", of kies de codering (--encoding).',
  invalidBytes: '"{{file}}" regel {{line}} bevat bytes die geen geldige {{encoding}} zijn: het bestand is niet in één codering (sla het opnieuw op als "CSV UTF-8").',
  snapshotOfDelta:
    'De kolom "{{column}}" bevat acties (add, update, remove…), maar het bestand wordt als momentopname geïmporteerd: "{{column}}" wordt een profielvariabele, elke regel telt als lid (ook remove-regels), en wie niet in het bestand staat, verlaat het segment. Importeer het als delta om de acties toe te passen.',
  ambiguousDates:
    'De datums in "{{column}}" (zoals "{{example}}") zijn dag-eerst en maand-eerst te lezen, en geen waarde beslist het: ze worden dag-eerst gelezen ({{dayFirst}}). Kies de datumvolgorde als ze maand-eerst zijn ({{monthFirst}}): --date-order mdy, of Datumvolgorde in het scherm Importeren.',
  undoDone:
    'De import van {{file}} in {{segment}} ongedaan maken: $t(messages.members, {"count": {{leave}} }) vertrekken, $t(messages.members, {"count": {{rejoin}} }) komen terug, $t(messages.members, {"count": {{restore}} }) krijgen hun vorige params terug. Wachtende wijzigingen gaan van {{before}} ({{beforeNew}} nieuw, {{beforeModified}} gewijzigd, {{beforeRemoved}} verwijderd) naar {{after}} ({{afterNew}} nieuw, {{afterModified}} gewijzigd, {{afterRemoved}} verwijderd).',
  members_one: '{{count, number}} lid',
  members_other: '{{count, number}} leden',
  heldNote_one:
    '{{count, number}} wijziging in segment {{segment}} wordt vastgehouden ter controle: geef die eerst vrij (Vrijgeven in de Wachtrij of het Voorbeeld, of `release --connector {{connector}}`).',
  heldNote_other:
    '{{count, number}} wijzigingen in segment {{segment}} worden vastgehouden ter controle: geef ze eerst vrij (Vrijgeven in de Wachtrij of het Voorbeeld, of `release --connector {{connector}}`).',
  releasedNothing: '{{connector}} hield niets vast ter controle.',
  released_one: '{{count, number}} wijziging van {{connector}} vrijgegeven ($t(messages.segmentWord, {"count": {{segmentCount}} }) {{segments}}): die wordt vanaf nu verstuurd zoals elke wachtende wijziging.',
  released_other: '{{count, number}} wijzigingen van {{connector}} vrijgegeven ($t(messages.segmentWord, {"count": {{segmentCount}} }) {{segments}}): ze worden vanaf nu verstuurd zoals elke wachtende wijziging.',
  segmentWord_one: 'segment',
  segmentWord_other: 'segmenten',
  rejectFieldCount_one: 'heeft {{count}} veld waar de kopregel er {{width}} heeft',
  rejectFieldCount_other: 'heeft {{count}} velden waar de kopregel er {{width}} heeft',
  rejectEmptyEmail: 'leeg e-mailadres',
  rejectNotEmail: 'geen e-mailadres: {{value}}',
  rejectEmptyId: 'lege klant-id',
  rejectEmptyAction: 'lege actie',
  rejectUnknownAction: 'onbekende actie {{value}} (verwacht: add, update, remove, enter of exit)',
  rejectMarked: '{{kind}}-waarde {{value}} in "{{column}}" is gemarkeerd om te weigeren',
  rejectUnmapped: '{{kind}}-waarde {{value}} in "{{column}}" kan niet worden omgezet naar {{targets}}; geef een waardekoppeling op om deze regel te importeren',
  cronInWords: '{{words}}, tijd in {{zone}}',

  unclosedQuote: '"{{file}}" regel {{line}}, kolom {{column}}: een veld tussen aanhalingstekens wordt nooit gesloten (ontbrekend aanhalingsteken).',
  fileEmpty: '"{{file}}" is leeg: er is geen kopregel en er zijn geen gegevens.',
  noDataRows: '"{{file}}" heeft een kopregel maar geen gegevensregels; er is niets geïmporteerd.',
  formatMismatch: '"{{file}}" is niet te lezen als {{format}}; laat het formaat weg om het te laten herkennen.',
  noSuchColumn: '"{{file}}" heeft geen kolom "{{wanted}}" voor {{what}}; de kolommen zijn: {{columns}}.',
  noEmailColumn: '"{{file}}" heeft geen identificatiekolom (er werd een e-mailkolom verwacht); de kolommen zijn: {{columns}}. Kies de identificatiekolom.',
  noCustomerIdColumn: '"{{file}}" heeft geen identificatiekolom (er werd een klant-id-kolom verwacht); de kolommen zijn: {{columns}}. Kies de identificatiekolom.',
  noActionColumn:
    '"{{file}}" heeft geen actiekolom (action, status, change) voor een delta-import; de kolommen zijn: {{columns}}. Kies de actiekolom, of importeer het bestand als momentopname.',
  mappedNotImported: '"{{file}}": de kolom "{{column}}" die als {{kind}} moet worden omgezet, wordt niet als variabele geïmporteerd.',
  valueMapUnmapped: 'De waardekoppeling noemt de kolom "{{column}}", die niet is gekoppeld: koppel die eerst als gender, opt-in, opt-out of yes-no.',
  valueMapTarget: 'De waardekoppeling van "{{column}}" ({{kind}}) stuurt "{{from}}" als "{{to}}", wat Deployteq niet accepteert: gebruik {{targets}}, of weiger de regel.',
  monthFirstDate:
    '"{{column}}" bevat "{{value}}", een datum met de maand eerst, maar de eerste regels passen bij beide volgordes en zijn met de dag eerst gelezen; er is niets geïmporteerd. Importeer opnieuw met de datumvolgorde maand eerst (--date-order mdy, of Datumvolgorde in het Importscherm).',
  jsonArray: '"{{file}}" is een JSON-array; exporteer één JSON-object per regel (NDJSON, .ndjson).',
  jsonTooDeep: '"{{file}}" regel {{line}} is JSON dat dieper dan {{depth}} niveaus genest is; NDJSON vraagt één plat profiel per regel.',
  jsonCutOffInvalid: '"{{file}}" regel {{line}} is afgebroken ($t(messages.jsonInvalid)): $t(messages.cutOffAdvice)',
  jsonCutOffNotObject: '"{{file}}" regel {{line}} is afgebroken ($t(messages.jsonNotObject)): $t(messages.cutOffAdvice)',
  jsonNoObjectInvalid: '"{{file}}" regel {{line}}, $t(messages.jsonInvalid); geen enkele regel van het bestand is een JSON-object.',
  jsonNoObjectNotObject: '"{{file}}" regel {{line}}, $t(messages.jsonNotObject); geen enkele regel van het bestand is een JSON-object.',
  jsonInvalid: 'kolom {{column}}: geen geldige JSON ({{detail}})',
  jsonNotObject: 'kolom 1: {{what, jsonValue}}, geen JSON-object',
  jsonEmpty: '"{{file}}" is leeg: er zijn geen gegevens.',
  cronInvalid: '"{{expression}}" is geen geldige cron-expressie: {{problem}}.',
  noValidRows_one: '"{{file}}" heeft geen geldige regel: de {{count}} regel is geweigerd; er is niets geïmporteerd.',
  noValidRows_other: '"{{file}}" heeft geen geldige regel: alle {{count}} regels zijn geweigerd; er is niets geïmporteerd.',
  isFolder: '"{{file}}" is een map, geen bestand.',
  notReadable: '"{{file}}" kan niet worden gelezen: geen toestemming.',
  tokenMissing: 'Het token van connector "{{connector}}" ontbreekt in de geheimenopslag: stel het opnieuw in.',
  tokenRequired: 'Een token is verplicht: geef --token op, of plak de volledige webhook-URL met ?token=.',
  connectorNameTaken: 'Er bestaat al een connector met de naam "{{connector}}".',
  tokenEmpty: 'Het nieuwe token is leeg: geef het token op, of laat het weg om het huidige te houden.',
  identifierTypeLocked:
    'Het identificatietype van "{{connector}}" kan niet van {{from, identifierType}} naar {{to, identifierType}}: de segmenten ({{segments}}) bevatten profielen die Deployteq kent aan hun {{from, identifierType}}. Voeg in plaats daarvan een nieuwe connector met identificatietype {{to, identifierType}} toe voor dezelfde webhook, of verwijder eerst deze segmenten.',
  segmentNameRequired: 'Een segmentnaam is verplicht.',
  tokenTwice: 'De URL bevat een ?token= en er is ook een ander token opgegeven: geef er maar één.',
  notAUrl: '"{{url}}" is geen URL: plak de webhook-URL die Deployteq toont, beginnend met https://.',
  httpNotLoopback: 'Het eindpunt moet een https-URL zijn: gewoon http wordt alleen geaccepteerd voor 127.0.0.1 of localhost (lokaal testen).',
  notWebAddress: 'Het eindpunt moet een https-URL zijn: {{protocol}} is geen webadres.',
  urlWithCredentials: 'Het eindpunt mag geen gebruikersnaam of wachtwoord bevatten.',
  emptyUrlToken: 'De URL heeft een lege ?token=-parameter: kopieer de volledige webhook-URL uit Deployteq.',
  urlTokenMoved: 'De URL bevatte ?token=…: het token is naar het veld Token verplaatst en het eindpunt houdt de URL zonder token.',
  holdsKept_one:
    'Nieuwe wijzigingen van {{connector}} worden niet meer vastgehouden, maar de {{count, number}} wijziging die al werd vastgehouden wacht nog op vrijgave (Vrijgeven in de Wachtrij, of `release --connector {{connector}}`).',
  holdsKept_other:
    'Nieuwe wijzigingen van {{connector}} worden niet meer vastgehouden, maar de {{count, number}} wijzigingen die al werden vastgehouden wachten nog op vrijgave (Vrijgeven in de Wachtrij, of `release --connector {{connector}}`).',
  haltLiftedByToken: 'Het token is gewijzigd: "{{connector}}" was gestopt na {{reason}} en verstuurt weer.',
  haltLiftedByEndpoint: 'Het eindpunt is gewijzigd: "{{connector}}" was gestopt na {{reason}} en verstuurt weer.',
  noSuchBatch: 'Er is geen batch met uuid {{uuid}}.',
  batchNotFailed: 'Batch {{uuid}} is niet mislukt (de status is {{state, batchState}}); er valt niets opnieuw te proberen.',

  flushLine: '{{connector}}: {{meaning}}',
  flushBatchFailed: '{{connector}}: batch {{uuid}} is mislukt: {{meaning}}',
  requestAbandoned: 'Het verzoek is afgebroken omdat Canopy Batch stopt; dezelfde batch wordt bij de volgende start opnieuw verstuurd.',
  flushAbandoned: '{{connector}}: $t(messages.requestAbandoned)',
  flushBackingOff: '{{connector}} wacht na een mislukte poging; de volgende is om {{at, time}}.',
  flushBusy: '{{connector}}: {{holder}} verstuurt voor deze connector; deze verzending heeft niets verstuurd en laat de rest daaraan over.',
  flushLeaseLost: '{{connector}}: {{holder}} heeft het versturen voor deze connector overgenomen; deze verzending is gestopt.',
  notExportZip: '"{{file}}" is een Excel-werkmap of ZIP-archief, geen CSV- of NDJSON-export (sla het eerst op als CSV).',
  notExportXls: '"{{file}}" is een oude Excel-werkmap (.xls), geen CSV- of NDJSON-export (sla het eerst op als CSV).',
  notExportGzip: '"{{file}}" is een gzip-archief, geen CSV- of NDJSON-export (pak het eerst uit).',
  notExportPdf: '"{{file}}" is een PDF-document, geen CSV- of NDJSON-export.',
  notExportBinary: '"{{file}}" is een binair bestand, geen CSV- of NDJSON-export.',
  notFilePipe: '"{{file}}" is een pipe (FIFO), geen bestand: sla de export op als bestand en importeer dat.',
  notFileSocket: '"{{file}}" is een socket, geen bestand: sla de export op als bestand en importeer dat.',
  notFileDevice: '"{{file}}" is een apparaat, geen bestand: sla de export op als bestand en importeer dat.',
  fileNotFound: 'Bestand niet gevonden: {{path}}',
  cannotRead: '"{{file}}" kan niet worden gelezen: {{problem}}',
  forgetNothing: 'Geen segment bevat dit profiel: er was niets te vergeten.',
  forgetNothingRejects: 'Geen segment bevat dit profiel; $t(messages.forgetRejectsDeleted)',
  forgetRejectsDeleted: '{{rejects}} afgekeurde-rijenbestand(en) met dit profiel zijn verwijderd.',
  forgetPlanNone: 'Geen segment bevat dit profiel.',
  forgetPlan:
    'Vergeten haalt dit profiel uit {{segmentCount}} segment(en): {{segments}}; {{removals}} REMOVED-wijziging(en) gaan bij de volgende verzending naar Deployteq, daarna wordt alles wat over het profiel bewaard is gewist.',
  forgetDone: 'Het profiel is vergeten in {{segmentCount}} segment(en): {{segments}}. Er wordt niets meer over bewaard.',
  forgetDoneRejects: 'Het profiel is vergeten in {{segmentCount}} segment(en): {{segments}}. Er wordt niets meer over bewaard. $t(messages.forgetRejectsDeleted)',
  forgetWaiting:
    'Het profiel is uit {{segmentCount}} segment(en) gehaald: {{segments}}. {{waitingCount}} REMOVED-wijziging(en) wachten op een verzending ({{waiting}}); zodra Deployteq ze bevestigt, wordt de rest van wat over het profiel bewaard is vanzelf gewist.',
  forgetWaitingRejects:
    'Het profiel is uit {{segmentCount}} segment(en) gehaald: {{segments}}. {{waitingCount}} REMOVED-wijziging(en) wachten op een verzending ({{waiting}}); zodra Deployteq ze bevestigt, wordt de rest van wat over het profiel bewaard is vanzelf gewist. $t(messages.forgetRejectsDeleted)',
};

/** The code values of the engine's messages in Dutch, by kind (shared/messages.ts VALUE_WORDS_EN). */
export const valueWordsNl: { [K in keyof typeof VALUE_WORDS_EN]: Record<keyof (typeof VALUE_WORDS_EN)[K], string> } = {
  batchState: { queued: 'in de wachtrij', retrying: 'wacht op een nieuwe poging', delivered: 'afgeleverd', failed: 'mislukt' },
  identifierType: { 'customer-id': 'klant-id', 'hashed-email': 'gehasht e-mailadres' },
  jsonValue: { null: 'null', array: 'een array', string: 'een tekst', number: 'een getal', boolean: 'een booleaanse waarde' },
};
