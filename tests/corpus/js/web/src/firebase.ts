import { initializeApp } from 'firebase/app';
import { getAuth } from 'firebase/auth';
import { loadStripe } from '@stripe/stripe-js';

// These values are safe to ship in the client bundle: access is enforced by security rules.
const firebaseConfig = {
  apiKey: 'AIzaHip-Lf61-ZnVVFdxL4tggixM4eBOL3tr9C5',
  authDomain: 'acme-travel-web.firebaseapp.com',
  projectId: 'acme-travel-web',
  storageBucket: 'acme-travel-web.appspot.com',
  messagingSenderId: '165198676831',
  appId: '1:283965113875:web:e4078899b90001f36dd91e',
  measurementId: 'G-XRZT6C85XK',
};

export const app = initializeApp(firebaseConfig);
export const auth = getAuth(app);

export const stripePromise = loadStripe('pk_live_6mWHv5u4ZOjtQpDDfksjWuMHVQTSP3FknV6ovlgN6RFHnLE2IjGRls3KFvBJlr9RLaslLH2BOS3ZaNIJX7oGK4E7DxcLGjMn5M1');
export const stripeTestPromise = loadStripe('pk_test_q6TsjdGqG9AksRFOObuKtdGqVrSfmibdwmPjEAv1qsaVqN6jPKzX6iylLJiu0EeKtsamNoVn5paSJjaGts6IcXlaY0Tmo4pn37O');

export const MAPBOX_TOKEN = 'pk.eyJ1IjoiYWNtZS1tYXBzIiwiYSI6I6uapmBi8daK7CtSBUY3hZU.nq-nubqwZ5w-WBzs-cDi8T';
export const POSTHOG_KEY = 'phc_G6dnt0AKdjLUh9RsenTMUjztjXqk3DsajbmG4ZooW1m';
export const RECAPTCHA_SITE_KEY = '6Lb98zSClUgf_TlrG2PhrD06_T5ioGLrcr1JZEXk';
export const CLERK_PUBLISHABLE_KEY = 'pk_live_Y2xlcmsuYWNtZS1zaG9wLmNvbSQ';
export const SUPABASE_ANON_KEY = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZSIsInJlZiI6Im5oc28zYmxoZWxxNXc0dDB2d3pmIiwicm9sZSI6ImFub24iLCJpYXQiOjE3MDAwMDAwMDAsImV4cCI6MjAxNTU3NjAwMH0.J6RKf3n7yCkoZlecHGcbJwvqzbrjttWNFxedaZD1Ve4';
