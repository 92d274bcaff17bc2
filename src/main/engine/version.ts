// Kept in step with package.json's version by test/main/engine/version.test.ts.
export const ENGINE_VERSION = '0.1.0'
