import { configure } from '@testing-library/react';

/**
 * Testing Library waits 1 s by default for `findBy*` and `waitFor`; a view that opens the full demo
 * incident in the same process (worker session and all) can take longer than that on a busy
 * 2-core machine. The wait is for a readiness signal (the element appearing), so a longer limit
 * only changes how long a real failure takes to report.
 */
configure({ asyncUtilTimeout: 20_000 });
