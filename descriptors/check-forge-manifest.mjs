// Atlassian's own checks of the Forge app's manifest, run by the tests (tests/unit/test_forge_manifest.py) and
// before `forge deploy`: @forge/manifest, the library the Forge CLI lints and deploys with, offline. Two of its
// processors: FULL (schema, modules, references, resources, remotes and their tokens, scopes) and PRODUCT_TRIGGER
// (the scopes each event needs, which FULL leaves out). Prints every finding; exits 1 if any is an error.
//
//   node descriptors/check-forge-manifest.mjs [manifest.yml ...]     (default: descriptors/forge/manifest.yml)
//
// A manifest reads TANDEM_FORGE_APP_ID and TANDEM_BASE_URL from the environment, as the Forge CLI does, and its
// Custom UI resource must be built (scripts/build-frontend). Several manifests share one start: building a
// processor compiles Atlassian's whole schema, seconds of CPU.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

// @forge/manifest is one of the front end's devDependencies (frontend/node_modules, installed by scripts/bootstrap).
const require = createRequire(new URL('../frontend/package.json', import.meta.url));
const { ProcessorBuilder, ValidationTypes } = require('@forge/manifest');

const CHECKS = [ValidationTypes.FULL, ValidationTypes.PRODUCT_TRIGGER];
const processors = CHECKS.map((check) => [check, ProcessorBuilder.instance().withValidation(check).build()]);
const manifests = process.argv.length > 2
  ? process.argv.slice(2)
  : [fileURLToPath(new URL('forge/manifest.yml', import.meta.url))];

let failed = false;
for (const manifest of manifests) {
  let errors = 0;
  for (const [check, processor] of processors) {
    const result = await processor.process(manifest);
    const findings = result.errors ?? [];
    for (const finding of findings) {
      if (finding.level === 'error') errors += 1;
      console.log(`${manifest}:${finding.line}:${finding.column}: ${check} ${finding.level}: ${finding.message} ` +
        `(${finding.reference})`);
    }
    // A failed check with no finding would otherwise pass unnoticed.
    if (!result.success && !findings.some((finding) => finding.level === 'error')) {
      errors += 1;
      console.log(`${manifest}: ${check} error: the check failed without saying why`);
    }
  }
  console.log(errors ? `${manifest}: ${errors} error(s)` : `${manifest}: valid (${CHECKS.join(', ')})`);
  failed ||= errors > 0;
}
process.exit(failed ? 1 : 0);
