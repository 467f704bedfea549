import type { ProjectType } from '../contract/index.js';

/**
 * A framework (or notable tool) and how to recognise it in a project: any of `deps` declared
 * (exact name, or a prefix when it ends in `*`; case-insensitive), or any of `files` present
 * in the project's directory. Data, not code: add a row to teach the analysis another.
 */
export interface FrameworkRule {
  name: string;
  type: ProjectType;
  deps?: readonly string[];
  files?: readonly string[];
  /** Manifest hints (see `ParsedManifest.hints`), e.g. `sdk:Microsoft.NET.Sdk.Web`. */
  hints?: readonly string[];
}

export const FRAMEWORK_RULES: readonly FrameworkRule[] = [
  // node
  { name: 'Angular', type: 'node', deps: ['@angular/core'], files: ['angular.json'] },
  { name: 'React', type: 'node', deps: ['react'] },
  { name: 'Next.js', type: 'node', deps: ['next'] },
  { name: 'Vue', type: 'node', deps: ['vue'] },
  { name: 'Nuxt', type: 'node', deps: ['nuxt'] },
  { name: 'Svelte', type: 'node', deps: ['svelte'] },
  { name: 'SvelteKit', type: 'node', deps: ['@sveltejs/kit'] },
  { name: 'Astro', type: 'node', deps: ['astro'] },
  { name: 'Remix', type: 'node', deps: ['@remix-run/*'] },
  { name: 'Express', type: 'node', deps: ['express'] },
  { name: 'Fastify', type: 'node', deps: ['fastify'] },
  { name: 'NestJS', type: 'node', deps: ['@nestjs/core'] },
  { name: 'Koa', type: 'node', deps: ['koa'] },
  { name: 'Hono', type: 'node', deps: ['hono'] },
  { name: 'Electron', type: 'node', deps: ['electron'] },
  { name: 'Vite', type: 'node', deps: ['vite'] },
  { name: 'Vitest', type: 'node', deps: ['vitest'] },
  { name: 'Jest', type: 'node', deps: ['jest'] },
  { name: 'Mocha', type: 'node', deps: ['mocha'] },
  { name: 'Playwright', type: 'node', deps: ['@playwright/test', 'playwright'] },
  { name: 'Tailwind CSS', type: 'node', deps: ['tailwindcss'] },
  { name: 'TypeScript', type: 'node', deps: ['typescript'], files: ['tsconfig.json'] },
  // python
  { name: 'Django', type: 'python', deps: ['django'], files: ['manage.py'] },
  { name: 'Flask', type: 'python', deps: ['flask'] },
  { name: 'FastAPI', type: 'python', deps: ['fastapi'] },
  { name: 'Starlette', type: 'python', deps: ['starlette'] },
  { name: 'pytest', type: 'python', deps: ['pytest'], files: ['pytest.ini', 'conftest.py'], hints: ['pytest-config'] },
  { name: 'PyTorch', type: 'python', deps: ['torch'] },
  { name: 'TensorFlow', type: 'python', deps: ['tensorflow'] },
  { name: 'pandas', type: 'python', deps: ['pandas'] },
  { name: 'Streamlit', type: 'python', deps: ['streamlit'] },
  { name: 'Celery', type: 'python', deps: ['celery'] },
  { name: 'SQLAlchemy', type: 'python', deps: ['sqlalchemy'] },
  // rust
  { name: 'Actix Web', type: 'rust', deps: ['actix-web'] },
  { name: 'Axum', type: 'rust', deps: ['axum'] },
  { name: 'Rocket', type: 'rust', deps: ['rocket'] },
  { name: 'Tokio', type: 'rust', deps: ['tokio'] },
  { name: 'Tauri', type: 'rust', deps: ['tauri'] },
  { name: 'Bevy', type: 'rust', deps: ['bevy'] },
  // go
  { name: 'Gin', type: 'go', deps: ['github.com/gin-gonic/gin'] },
  { name: 'Echo', type: 'go', deps: ['github.com/labstack/echo*'] },
  { name: 'Fiber', type: 'go', deps: ['github.com/gofiber/fiber*'] },
  { name: 'Chi', type: 'go', deps: ['github.com/go-chi/chi*'] },
  { name: 'Cobra', type: 'go', deps: ['github.com/spf13/cobra'] },
  { name: 'gRPC', type: 'go', deps: ['google.golang.org/grpc'] },
  // java / kotlin
  { name: 'Spring Boot', type: 'java', deps: ['org.springframework.boot:*', 'plugin:org.springframework.boot'] },
  { name: 'Quarkus', type: 'java', deps: ['io.quarkus:*'] },
  { name: 'Micronaut', type: 'java', deps: ['io.micronaut:*'] },
  { name: 'Android', type: 'java', deps: ['plugin:com.android.application', 'plugin:com.android.library'] },
  { name: 'JUnit', type: 'java', deps: ['junit:junit', 'org.junit.jupiter:*'] },
  // ruby
  { name: 'Rails', type: 'ruby', deps: ['rails'], files: ['config.ru'] },
  { name: 'Sinatra', type: 'ruby', deps: ['sinatra'] },
  { name: 'RSpec', type: 'ruby', deps: ['rspec', 'rspec-rails'], files: ['.rspec'] },
  { name: 'Minitest', type: 'ruby', deps: ['minitest'] },
  // php
  { name: 'Laravel', type: 'php', deps: ['laravel/framework'], files: ['artisan'] },
  { name: 'Symfony', type: 'php', deps: ['symfony/framework-bundle'] },
  { name: 'PHPUnit', type: 'php', deps: ['phpunit/phpunit'], files: ['phpunit.xml', 'phpunit.xml.dist'] },
  // .NET
  { name: 'ASP.NET Core', type: 'dotnet', deps: ['Microsoft.AspNetCore.*'], hints: ['sdk:Microsoft.NET.Sdk.Web'] },
  { name: 'Blazor', type: 'dotnet', deps: ['Microsoft.AspNetCore.Components*'], hints: ['sdk:Microsoft.NET.Sdk.BlazorWebAssembly'] },
  { name: 'Entity Framework Core', type: 'dotnet', deps: ['Microsoft.EntityFrameworkCore*'] },
  { name: 'xUnit', type: 'dotnet', deps: ['xunit'] },
  { name: 'NUnit', type: 'dotnet', deps: ['NUnit'] },
  { name: 'MSTest', type: 'dotnet', deps: ['MSTest.TestFramework', 'MSTest'] },
];

/** True when `name` matches `pattern` (exact, or prefix when the pattern ends in `*`), ignoring case. */
export function depMatches(pattern: string, name: string): boolean {
  const p = pattern.toLowerCase();
  const n = name.toLowerCase();
  return p.endsWith('*') ? n.startsWith(p.slice(0, -1)) : n === p;
}
