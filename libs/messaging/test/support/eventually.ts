// The shared polling helper (libs/testing); kept here so the messaging tests' imports stay short.
export { eventually } from '@lead/testing';
