export { Group, withContext } from "./errgroup.js";
