// The entry of the test build (vite.test.config.ts → dist-test/renderer, which the soak loads): the app exactly as
// main.tsx mounts it, plus the page's test hook. The product build's entry is main.tsx alone.
import '../main';
import { installTestHook } from './test-hook';

installTestHook();
