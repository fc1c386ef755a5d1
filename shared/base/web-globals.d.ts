/**
 * The few web-platform globals shared/ relies on. They exist in Node 20, browsers and Web Workers
 * alike; shared's tsconfig has no DOM lib (so DOM APIs stay out), hence these minimal declarations.
 */
interface TextDecodeOptions {
  stream?: boolean;
}
interface TextDecoder {
  decode(input?: Uint8Array, options?: TextDecodeOptions): string;
}
declare var TextDecoder: {
  new (label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean }): TextDecoder;
};
interface TextEncoder {
  encode(input?: string): Uint8Array;
}
declare var TextEncoder: {
  new (): TextEncoder;
};
