/// <reference types="electron-vite/node" />
// `import path from '…png?asset'`: electron-vite copies the file into out/main and gives its path at run time.
