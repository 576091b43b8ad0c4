import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'

// The policy of docs/spec.md section 5. The built app carries it as a <meta> tag (added at build time, so the
// dev server with its inline HMR client keeps working) and `vite preview` also sends it as a header.
export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self' blob:",
  "img-src 'self' blob: data:",
  "style-src 'self' 'unsafe-inline'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
].join('; ')

export default defineConfig({
  plugins: [
    react(),
    {
      name: 'memoria-csp',
      apply: 'build',
      transformIndexHtml: (html) =>
        html.replace('<head>', `<head>\n    <meta http-equiv="Content-Security-Policy" content="${CSP}" />`),
    },
  ],
  worker: { format: 'es' },
  preview: { headers: { 'Content-Security-Policy': CSP } },
  build: { target: 'es2022', chunkSizeWarningLimit: 2000 },
})
