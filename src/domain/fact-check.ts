export * from './fact-check/index.js';
