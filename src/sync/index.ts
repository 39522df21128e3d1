export { WaitGroup, Mutex, RWMutex, Once } from "./sync.js";
