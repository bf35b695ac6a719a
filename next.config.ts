import type { NextConfig } from "next";

const config: NextConfig = {
  // Native and Node-only packages stay out of the server bundle.
  serverExternalPackages: ["better-sqlite3", "@nlpjs/core", "@nlpjs/sentiment", "@nlpjs/lang-es", "@nlpjs/lang-en-min", "@nlpjs/language-min"],
  typedRoutes: false,
  poweredByHeader: false,
};

export default config;
