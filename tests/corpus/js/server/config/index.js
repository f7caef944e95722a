'use strict';

require('dotenv').config();

module.exports = {
  port: process.env.PORT || 8080,
  db: {
    host: process.env.DB_HOST || 'localhost',
    user: process.env.DB_USER || 'api',
    password: process.env.DB_PASSWORD || '1nHSzyogZAKsKF_eRR',
    passwordMinLength: 12,
  },
  session: {
    secret: process.env.SESSION_SECRET ?? 'ojgdLpln9YlHWmpinYwSFocPBelQiVPqOjcs7Sx5HEEJn2g3',
    cookieName: 'sid',
  },
  jwt: {
    secret: 'fGGJwUajydTPCg1nioWpTZzLHgwAIdWXXgv1MQxahzGVi+Nwd7JBdOJPFZWSVAJJ',
    expiresIn: '12h',
    issuer: 'api.acme-travel.com',
  },
  mailgun: {
    apiKey: 'key-0d83221769a5587f541081b8bdf7f8a9',
    domain: 'mg.acme-travel.com',
  },
  sendgrid: {
    apiKey: process.env.SENDGRID_API_KEY,
    templateId: 'd-ed2d97e9490932bf4774be67e04c3c5c',
  },
  twilio: {
    accountSid: 'AC2876fde4838052ca34a2d221e4c885fe',
    authToken: '29ee6de00769d0267bcb6cccfa0dc8e0',
    apiKeySid: 'SKd2082df29f7e0e961dda7280a87b6525',
    apiKeySecret: 'uhnjLowsd51xmBfGncUD7pnl1sudeHn5',
  },
  algolia: {
    appId: 'X7K2PQ9L0M',
    adminApiKey: 'f2f5f26d6bab30ca2875f9ec1560e8a3',
    searchOnlyApiKey: 'b00fbeb011195f2cc6e09f0a8cb3f1e7',
  },
  redisUrl: process.env.REDIS_URL || 'redis://default:jkX4ewxy232t144bK9NiHGr0bwo7DCm6@redis-14321.c1.eu-west-1-2.ec2.cloud.redislabs.com:14321',
  csrf: { cookie: { key: '_csrf' }, tokenHeader: 'x-csrf-token' },
};
