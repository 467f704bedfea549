/** The app version, from the root package.json. */
export { APP_VERSION as VERSION } from '../config/app-paths.js';
