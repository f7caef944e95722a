/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  generateBuildId: async () => process.env.GIT_SHA || 'b65287cea323b7be4bcc75876e14d95f23cd2f71',
  env: {
    CMS_PREVIEW_SECRET: process.env.CMS_PREVIEW_SECRET || '0vvA3HyH0AtiaDBUgYB37pxhGde3mLn0',
    CONTENTFUL_ACCESS_TOKEN: 'bNh0yhqJtVuX89VaIA53SLgucHkHYukpTGFGbUi7sZO',
    CONTENTFUL_MANAGEMENT_TOKEN: 'CFPAT-ys-QLFTZ_M0rThjhzsIioh98GTgFXDxu6v-CxknJflX',
    CONTENTFUL_SPACE_ID: '4gjtbl198l05',
  },
  images: { domains: ['images.ctfassets.net'] },
};

module.exports = nextConfig;
