// Unit suites include real-data tests (Telco models, Online Retail features): generous on a busy 2-core machine.
jest.setTimeout(60_000);
