import { defineConfig } from 'vite';

export default defineConfig({
  root: 'web',
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', sourcemap: false },
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  // `npm run dev` on 3000 serves the API, the local issuer and the run-time config.
  server: {
    proxy: {
      '/api': 'http://localhost:3000',
      '/local': 'http://localhost:3000',
      '/config.json': 'http://localhost:3000',
    },
  },
});
