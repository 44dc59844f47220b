// Every test file hashes with the suite's cheap scrypt work factor (PASSWORD_HASH_COST in
// vitest.config.mts), also where a test seeds without a test server (the demo seed's own tests).
import { usePasswordHashCost } from '../src/auth/passwords.js';
import { loadConfig } from '../src/config.js';

usePasswordHashCost(loadConfig().passwordHashCost);
