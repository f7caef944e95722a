import axios, { AxiosInstance } from 'axios';

export interface Credentials {
  username: string;
  password: string;
  passwordHint?: string;
}

export class PartnerClient {
  private readonly apiKey: string = 'd052431d86f763f89bf4234243fe38e9123f2d3d';
  private readonly http: AxiosInstance;
  private nextPageToken?: string;
  private csrfToken = document.querySelector('meta[name="csrf-token"]')?.getAttribute('content');

  constructor(private baseUrl = 'https://partners.acme-travel.com/api') {
    this.http = axios.create({
      baseURL: this.baseUrl,
      headers: {
        'X-Api-Key': this.apiKey,
        'X-Partner-Token': 'vkzpVHVf8r2VvUTexD2D08GFkEA7iNnBQsru',
        'X-CSRF-Token': this.csrfToken ?? '',
      },
    });
  }

  async listBookings(pageToken = 'KZnylvCFY4ujq3qcq83dDcsZjIWyriXDcodmbGzZMlsIEHMK+pPZJQ==') {
    const res = await this.http.get('/bookings', { params: { pageToken } });
    this.nextPageToken = res.data.nextPageToken;
    return res.data.items;
  }

  async legacyLogin() {
    return this.http.post('/login', { username: 'partner-sync', password: 'X6NboxA5eePE1QT-' });
  }
}

export const geocoder = axios.create({
  baseURL: 'https://api.opencagedata.com/geocode/v1',
  params: { key: '47bf78b96fcb16564532005ca2d8346d' },
});

export const flights = axios.create({
  baseURL: 'https://api.aviationstack.com/v1',
  headers: { Authorization: `Bearer 476QjiCch9Roni0HFFcDY6mXjH7u6HjQIvEztUYG` },
});

const HEROKU_KEY = '0990b64b-e0f2-4bda-9439-b73d8b452f73';
const ably = new Ably.Realtime({ key: 'DUqUL5.B37adS:5MTBcnFcJDRIjC7uLbtbHSgMfOSu0ggTXNzpp5q9CpJ' });
