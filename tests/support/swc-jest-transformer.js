// Jest's module system cannot load ES modules through require(), and NestJS 12 ships ES modules
// only. This transformer compiles them (and our TypeScript) to CommonJS with SWC, first giving
// the few `import.meta` uses their CommonJS equivalents, which SWC leaves as they are.
const { createTransformer } = require('@swc/jest');

const IMPORT_META = /import\.meta\.(url|resolve|dirname|filename)\b/g;
const REPLACEMENTS = {
  url: "('file://' + __filename)",
  resolve: 'require.resolve',
  dirname: '__dirname',
  filename: '__filename',
};

module.exports = {
  createTransformer(swcOptions) {
    const swc = createTransformer(swcOptions);
    const rewrite = (source, path) =>
      path.includes('node_modules')
        ? source.replace(IMPORT_META, (_, what) => REPLACEMENTS[what])
        : source;
    return {
      ...swc,
      canInstrument: swc.canInstrument,
      getCacheKey: (source, path, options) => swc.getCacheKey(rewrite(source, path), path, options),
      process: (source, path, options) => swc.process(rewrite(source, path), path, options),
      processAsync: (source, path, options) =>
        swc.processAsync(rewrite(source, path), path, options),
    };
  },
};
