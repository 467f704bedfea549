/** Project context analysis, cached through the two-tier cache. */
export * from './analysis-service.js';
export * from './project-analyzer.js';
export * from './project-detector.js';
export * from './complexity.js';
export * from './languages.js';
export * from './manifest-rules.js';
export * from './framework-rules.js';
export * from './test-command-rules.js';
export * from './manifest-parsers.js';
export * from './tree-summary.js';
