// Codes of the web console (`tend web`, src/web).
import type { ErrorEntry } from './index.js';

export const webErrors = {
  E_WEB_LISTEN: {
    summary: 'The web console could not listen on its address.',
    hint: 'Pick a free port with --port (0 lets the system choose) or stop whatever holds it.',
  },
  E_WEB_UNAUTHORIZED: {
    summary: 'A request to the web console came without its access token.',
    hint: 'Open the URL `tend web` printed, or read the token from TEND_HOME/web-token; API calls send it as `Authorization: Bearer <token>`.',
  },
  E_WEB_REQUEST: {
    summary: 'A request to the web console was malformed (body, parameters).',
    hint: "The console's API takes JSON objects; see docs/web.md.",
  },
  E_WEB_NOT_FOUND: {
    summary: 'The web console has no such page or API route.',
    hint: 'See docs/web.md for the routes it serves.',
  },
} as const satisfies Record<string, ErrorEntry>;
