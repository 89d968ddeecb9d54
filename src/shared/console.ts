/** The header that carries the console's per-launch secret: the server checks it, the browser screens send it. */
export const SECRET_HEADER = 'x-canopy-secret';
