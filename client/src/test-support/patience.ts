import { configure } from '@testing-library/react';

/**
 * Client tests wait for what a user would see (findBy…, waitFor) rather than for a fixed time.
 * On a busy two-core machine running the suite's files in parallel, a render can take longer
 * than Testing Library's default second; a longer bound costs a passing test nothing.
 */
configure({ asyncUtilTimeout: 4000 });
jest.setTimeout(20_000);
