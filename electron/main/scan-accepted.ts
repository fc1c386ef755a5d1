/**
 * The Electronegativity findings of medium or high severity accepted in this code, each with why
 * (electron/main/electronegativity.test.ts runs the scan over electron/ and renderer/ in npm test
 * and fails on any other such finding, and on an entry here the scan no longer reports).
 */
export interface AcceptedFinding {
  readonly id: string;
  /** The file it is reported in ('N/A' for the scan's global checks). */
  readonly file: string;
  readonly reason: string;
}

export const ACCEPTED_FINDINGS: readonly AcceptedFinding[] = [
  {
    id: 'CSP_GLOBAL_CHECK',
    file: 'N/A',
    reason:
      'The scan looks for a CSP in HTML meta tags and in session header hooks; the app sends its CSP as a response header on every answer of its own scheme and of the web host (electron/host/serve-response.ts COMMON_HEADERS, used by electron/main/app-protocol.ts), which desktop-app.test.ts checks on the served page.',
  },
  {
    id: 'OPEN_EXTERNAL_JS_CHECK',
    file: 'electron/main/desktop-app.ts',
    reason:
      'shell.openExternal is called only from the window-open handler, only for a URL isExternalLink accepts (https, no credentials), which the page cannot choose to open without a user click; security.test.ts proves what is refused (http, file:, javascript:, the app scheme, credentials).',
  },
];
