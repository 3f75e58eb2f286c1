// Two builds of the same app, one per door (src/common/host.js):
// - Connect (the default): the iframe pages' scripts into addon/static/app, where the Flask app serves them
//   (addon/web/assets.py). The pages are HTML rendered by Flask (addon/web/pages.py), which finds the built files
//   in the manifest.
// - Forge (`vite build --mode forge`): the Custom UI resource of the Forge app, a self-contained folder with its
//   index.html, into descriptors/forge/static/ui, which `forge deploy` uploads (descriptors/forge/manifest.yml).
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

const connect = {
  outDir: here('../addon/static/app'),
  manifest: true,
  rolldownOptions: {
    input: {
      settings: 'src/settings/main.jsx',
      glance: 'src/glance/main.jsx',
    },
  },
};

const forge = {
  outDir: here('../descriptors/forge/static/ui'),
  rolldownOptions: { input: here('src/forge/index.html') },
};

export default defineConfig(({ mode }) => ({
  plugins: [react()],
  // The Forge page's index.html is the root of its resource.
  root: mode === 'forge' ? here('src/forge') : undefined,
  // The icon Connect's descriptor links; Forge's resource needs nothing of public/.
  publicDir: mode === 'forge' ? false : here('public'),
  // Relative URLs inside the build, so it works under any base URL (TANDEM_BASE_URL may carry a path) and from
  // wherever Forge serves its resources.
  base: './',
  build: {
    emptyOutDir: true,
    // Atlaskit is most of the weight; the pages load once per Jira view, from the browser's cache after that.
    chunkSizeWarningLimit: 1000,
    ...(mode === 'forge' ? forge : connect),
  },
}));
