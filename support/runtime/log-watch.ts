// LogWatch is a base utility now (support/os/log-watch.ts): the mirror layer reads MM2's logs with it.
export { LogWatch } from '../os/log-watch.ts';
