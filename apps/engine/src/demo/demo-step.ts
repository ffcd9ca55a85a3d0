import type { StartupStep } from '../startup-steps';

/** Loads the Online Retail demo data on the first start with RETAIN_DEMO=1. */
export const loadDemoOnFirstStart: StartupStep = async () => {
  // filled in by the imports work
};
