export { test, wait, type TestOptions } from "./synctest.js";
