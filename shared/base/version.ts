/** The app's version, recorded in every snapshot's provenance. Kept equal to package.json by a test. */
export const APP_VERSION = '0.1.0';
