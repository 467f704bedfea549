import type { TaskComplexity, TaskDomain, TaskIntent } from '../contract/index.js';

/** One labelled task text: what a person reading the title would say it asks for. */
export interface LabelledTask {
  text: string;
  intent: TaskIntent;
  domain: TaskDomain;
  complexity?: TaskComplexity;
}

/**
 * Task texts written the way real issue titles are, each labelled by hand with its intent
 * and domain (and complexity where it is clear-cut). The parser's accuracy is measured on
 * this table (task-parser.test.ts); the labels are the truth, the keyword tables are tuned.
 */
export const TASK_CORPUS: readonly LabelledTask[] = [
  // implement
  { text: 'Add dark mode toggle to settings page', intent: 'implement', domain: 'frontend' },
  { text: 'Implement rate limiting for the public REST API', intent: 'implement', domain: 'backend' },
  { text: 'Add CSV export to the reports endpoint', intent: 'implement', domain: 'backend' },
  { text: 'Support OAuth login with GitHub', intent: 'implement', domain: 'security' },
  { text: 'Create a React component for the user avatar', intent: 'implement', domain: 'frontend' },
  { text: 'Add push notifications to the iOS app', intent: 'implement', domain: 'mobile' },
  { text: 'Build an ETL pipeline to load orders into BigQuery', intent: 'implement', domain: 'data' },
  { text: 'Add pagination to the GraphQL products query', intent: 'implement', domain: 'backend' },
  { text: 'New onboarding screen for the Android app', intent: 'implement', domain: 'mobile' },
  { text: 'Add a Kafka consumer for payment events', intent: 'implement', domain: 'backend' },
  { text: 'Add keyboard shortcuts to the editor toolbar', intent: 'implement', domain: 'frontend' },
  { text: 'Add a database migration for the invoices table', intent: 'implement', domain: 'data' },
  { text: 'Add CSRF protection to all forms', intent: 'implement', domain: 'security' },
  { text: 'Hash user passwords with bcrypt', intent: 'implement', domain: 'security' },
  { text: 'Add a Grafana dashboard for request latency', intent: 'implement', domain: 'devops' },
  { text: 'Add a dbt model for monthly revenue', intent: 'implement', domain: 'data' },
  { text: 'Add retries to the S3 upload client', intent: 'implement', domain: 'backend' },
  { text: 'Add a webhook endpoint for Stripe events', intent: 'implement', domain: 'backend' },
  { text: 'Add a modal dialog to confirm account deletion', intent: 'implement', domain: 'frontend' },
  // fix
  { text: 'Fix null pointer in user login handler', intent: 'fix', domain: 'backend' },
  { text: 'Button misaligned on mobile Safari', intent: 'fix', domain: 'frontend' },
  { text: 'App crashes when rotating the screen on Android', intent: 'fix', domain: 'mobile' },
  { text: 'Fix memory leak in the websocket server', intent: 'fix', domain: 'backend' },
  { text: 'Login form does not show validation errors', intent: 'fix', domain: 'frontend' },
  { text: 'Fix race condition in the job scheduler', intent: 'fix', domain: 'backend' },
  { text: 'Fix broken links in the documentation', intent: 'fix', domain: 'docs' },
  { text: 'CSS grid layout broken in Firefox', intent: 'fix', domain: 'frontend' },
  { text: 'Fix SQL query returning duplicate rows in the sales report', intent: 'fix', domain: 'data' },
  { text: '500 error when saving a draft post', intent: 'fix', domain: 'backend' },
  { text: 'Fix flaky test in the checkout suite', intent: 'fix', domain: 'testing' },
  { text: 'Fix XSS vulnerability in the comment form', intent: 'fix', domain: 'security' },
  { text: 'Dockerfile build fails on ARM runners', intent: 'fix', domain: 'devops' },
  { text: 'Fix off-by-one error in the pagination API', intent: 'fix', domain: 'backend' },
  { text: 'Fix the pandas dataframe merge dropping rows', intent: 'fix', domain: 'data' },
  { text: 'Fix typo in the login page title', intent: 'fix', domain: 'frontend', complexity: 'simple' },
  { text: 'Dropdown menu not working in Safari', intent: 'fix', domain: 'frontend' },
  // refactor
  { text: 'Refactor auth middleware to use async/await', intent: 'refactor', domain: 'backend' },
  { text: 'Extract the date helpers into a shared utils module', intent: 'refactor', domain: 'general' },
  { text: 'Clean up unused CSS classes in the dashboard', intent: 'refactor', domain: 'frontend' },
  { text: 'Split the monolithic OrderService into smaller services across the codebase', intent: 'refactor', domain: 'backend', complexity: 'complex' },
  { text: 'Migrate class components to React hooks', intent: 'refactor', domain: 'frontend' },
  { text: 'Rename getUserData to fetchUserProfile across the codebase', intent: 'refactor', domain: 'general' },
  { text: 'Simplify the Terraform modules for the VPC', intent: 'refactor', domain: 'devops' },
  { text: 'Replace callbacks with promises in the Express file upload route', intent: 'refactor', domain: 'backend' },
  { text: 'Add type hints to the Flask views', intent: 'refactor', domain: 'backend' },
  // test
  { text: 'Write unit tests for the payment service', intent: 'test', domain: 'testing' },
  { text: 'Add integration tests for the orders API', intent: 'test', domain: 'testing' },
  { text: 'Increase test coverage of the parser module to 90%', intent: 'test', domain: 'testing' },
  { text: 'Add end-to-end tests for the signup flow with Playwright', intent: 'test', domain: 'testing' },
  { text: 'Add snapshot tests for the Button component', intent: 'test', domain: 'testing' },
  { text: 'Cover the CLI argument parser with unit tests', intent: 'test', domain: 'testing' },
  // docs
  { text: 'Update README with install steps', intent: 'docs', domain: 'docs', complexity: 'simple' },
  { text: 'Document the REST API endpoints with OpenAPI', intent: 'docs', domain: 'docs' },
  { text: 'Add JSDoc comments to the public utility functions', intent: 'docs', domain: 'docs' },
  { text: 'Write a contributing guide', intent: 'docs', domain: 'docs' },
  { text: 'Add a changelog entry for version 2.1', intent: 'docs', domain: 'docs', complexity: 'simple' },
  { text: 'Write docs for the CLI flags', intent: 'docs', domain: 'docs' },
  // build: CI, release, packaging, deployment
  { text: 'Deploy staging with the new Helm chart', intent: 'build', domain: 'devops' },
  { text: 'Set up GitHub Actions to publish the Docker image', intent: 'build', domain: 'devops' },
  { text: 'Release version 1.4.0 to npm', intent: 'build', domain: 'devops' },
  { text: 'Roll out the new ingress config to production', intent: 'build', domain: 'devops' },
  { text: 'Configure the CI pipeline to deploy to AWS Lambda', intent: 'build', domain: 'devops' },
  { text: 'Publish the Android app to the Play Store', intent: 'build', domain: 'mobile' },
  // review
  { text: 'Review PR #123 for SQL injection', intent: 'review', domain: 'security' },
  { text: 'Code review of the new caching layer', intent: 'review', domain: 'backend' },
  { text: 'Audit npm dependencies for known vulnerabilities', intent: 'review', domain: 'security' },
  { text: 'Review the accessibility of the checkout page', intent: 'review', domain: 'frontend' },
  { text: 'Check the database schema for missing indexes', intent: 'review', domain: 'data' },
  // research
  { text: 'Investigate why CI is slow', intent: 'research', domain: 'devops' },
  { text: 'Find out why the dashboard loads slowly', intent: 'research', domain: 'frontend' },
  { text: 'Evaluate Postgres vs MongoDB for the analytics store', intent: 'research', domain: 'data' },
  { text: 'Spike: explore WebAssembly for image processing', intent: 'research', domain: 'general' },
  { text: 'Profile memory usage of the API server under load', intent: 'research', domain: 'backend' },
  { text: 'Why does the iOS build take 20 minutes?', intent: 'research', domain: 'mobile' },
];

/**
 * Held-out titles: written after the keyword tables were tuned on {@link TASK_CORPUS} and
 * never tuned against, so their accuracy is an honest estimate on unseen text.
 */
export const HELD_OUT_CORPUS: readonly LabelledTask[] = [
  { text: 'Add search bar to the products page', intent: 'implement', domain: 'frontend' },
  { text: 'Password reset email is never sent', intent: 'fix', domain: 'backend' },
  { text: 'Implement JWT refresh tokens', intent: 'implement', domain: 'security' },
  { text: 'Images overflow their container on small screens', intent: 'fix', domain: 'frontend' },
  { text: 'Move the Redis config into environment variables', intent: 'refactor', domain: 'backend' },
  { text: 'Write tests for the invoice PDF generator', intent: 'test', domain: 'testing' },
  { text: 'Explain the retry policy in the architecture docs', intent: 'docs', domain: 'docs' },
  { text: 'Ship the v3 mobile app to TestFlight', intent: 'build', domain: 'mobile' },
  { text: 'Review the Terraform plan before we apply it', intent: 'review', domain: 'devops' },
  { text: 'Investigate high CPU usage on the worker nodes', intent: 'research', domain: 'devops' },
  { text: 'Crash on startup when config file is missing', intent: 'fix', domain: 'general' },
  { text: 'Add an index on orders.customer_id', intent: 'implement', domain: 'data' },
  { text: 'Upgrade the Kubernetes cluster to 1.29', intent: 'build', domain: 'devops' },
  { text: 'Convert the settings page to TypeScript', intent: 'refactor', domain: 'frontend' },
  { text: 'Sanitize user input in the search endpoint', intent: 'fix', domain: 'security' },
  { text: 'Compare Vitest and Jest run times on our suite', intent: 'research', domain: 'testing' },
  { text: 'Add offline mode to the Flutter app', intent: 'implement', domain: 'mobile' },
  { text: 'Remove dead code from the billing module', intent: 'refactor', domain: 'general' },
  { text: 'Nightly import job skips rows with empty dates', intent: 'fix', domain: 'data' },
  { text: 'Document how to run the app locally', intent: 'docs', domain: 'docs' },
];
