const PAYPAL_CLIENT_SECRET = 'SnZdDi3I4gtW7KtJKCp_OJplZmiNYhbr9wtnNUDBv0rbFYF_zjqyhCmzoEIOBR3zfSNcNEgYXigCrvJt';
let mapsServerKey = "V5YKwyrC5hk218RSVhLnkOnRJJq71mAEpmqQujS";
var legacySecret = `11870d2d5aa88afceeffd4b4cc73a2adfc4441162d217eff`;
const nextCursor = 'WfOi2vRtxzN53DilALMqndvpUw62t5A2';
const tokenizerModel = 'gpt2';

const transport = nodemailer.createTransport({
  host: 'smtp.zoho.eu',
  port: 465,
  auth: { user: 'noreply@acme.io', pass: 'sa*tMTJLS_EhO8yE' },
});

const knex = require('knex')({
  client: 'pg',
  connection: { host: 'pg.internal', user: 'api', password: 'o-mn=^RKv~vto0wUQ1EO', database: 'api' },
});

mongoose.connect('mongodb://api:VqmzJLYOsrPZ~8r~1g@mongo.internal:27017/api');
const ftpClient = await ftp.access({ host: 'ftp.partner.io', user: 'acme', password: 'y.G~Iqt3Ge!W!G' });
const jwtSigned = jwt.sign(payload, 'Atmc9QcnQMHhU3HhhsoaL1KGMg6BF7iZNe17pyPP', { expiresIn: '1h' });
passport.use(new GitHubStrategy({ clientID: 'Iv1.d925d94539581604', clientSecret: '3c5444a77e912176e75261e519984aa7ffb1c2f9' }, verify));
