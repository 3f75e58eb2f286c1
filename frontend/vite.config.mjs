// Builds the iframe pages' scripts into addon/static/app, where the Flask app serves them (addon/web/assets.py).
// The pages are HTML rendered by Flask (addon/web/pages.py); it finds the built files in the manifest.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const outDir = fileURLToPath(new URL('../addon/static/app', import.meta.url));

export default defineConfig({
  plugins: [react()],
  // Relative URLs inside the build, so it works under any base URL (TANDEM_BASE_URL may carry a path).
  base: './',
  build: {
    outDir,
    emptyOutDir: true,
    manifest: true,
    // Atlaskit is most of the weight; the pages load once per Jira view, from the browser's cache after that.
    chunkSizeWarningLimit: 1000,
    rolldownOptions: {
      input: {
        settings: 'src/settings/main.jsx',
        glance: 'src/glance/main.jsx',
      },
    },
  },
});
