/** JSON values as the APIs carry them (no imports: pure modules and Node-side tests use it too). */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };
