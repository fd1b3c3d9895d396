import { configure } from '@testing-library/react';

/**
 * Client tests wait for what a user would see (findBy…, waitFor) rather than for a fixed time.
 * On a busy two-core machine running the suite's files in parallel, a render can take longer
 * than Testing Library's default second; a longer bound costs a passing test nothing. The plan
 * page, rendered whole by most plan tests, has grown: under a full CI run a save's notice took
 * more than 4 s to show more than once, so the bound is 10 s.
 */
configure({ asyncUtilTimeout: 10_000 });
jest.setTimeout(20_000);
