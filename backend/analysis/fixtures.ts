/**
 * Generated projects for the analysis tests: rel path → content. One per ecosystem, plus a
 * monorepo. Kept small; they exercise the manifest parsers and the rule tables.
 */
export const FIXTURES: Record<string, Record<string, string>> = {
  node: {
    'package.json': JSON.stringify({
      name: 'web-app',
      scripts: { test: 'vitest run', build: 'vite build' },
      dependencies: { react: '^19.0.0', express: '5.1.0' },
      devDependencies: { vitest: '4.1.12', typescript: '5.9.3' },
    }),
    'pnpm-lock.yaml': 'lockfileVersion: 9\n',
    'src/index.tsx': 'export const App = () => null;\n',
    'src/server.ts': 'import express from "express";\n',
    'src/util/deep/a.js': 'module.exports = 1;\n',
    '.gitignore': 'dist/\n*.log\n',
    'dist/bundle.js': 'ignored();'.repeat(100),
    'debug.log': 'ignored',
  },
  python: {
    'pyproject.toml': `[project]
name = "api"  # the service
dependencies = [
  "fastapi>=0.110",
  "SQLAlchemy[asyncio]~=2.0",
]
[project.optional-dependencies]
test = ["pytest>=8"]

[tool.pytest.ini_options]
addopts = "-q"
`,
    'requirements.txt': 'uvicorn==0.30.0\n# comment\n-r other.txt\n',
    'api/main.py': 'from fastapi import FastAPI\napp = FastAPI()\n',
    'tests/test_main.py': 'def test_ok():\n    assert True\n',
  },
  rust: {
    'Cargo.toml': `[package]
name = "svc"
version = "0.1.0"

[dependencies]
tokio = { version = "1", features = ["full"] }
axum = "0.7"

[dev-dependencies]
proptest = "1"
`,
    'src/main.rs': 'fn main() {}\n',
  },
  go: {
    'go.mod': `module example.com/svc

go 1.22

require (
\tgithub.com/gin-gonic/gin v1.10.0
\tgithub.com/spf13/cobra v1.8.0 // indirect
)
require google.golang.org/grpc v1.64.0
`,
    'main.go': 'package main\nfunc main() {}\n',
    'internal/x/x.go': 'package x\n',
  },
  maven: {
    'pom.xml': `<project>
  <modelVersion>4.0.0</modelVersion>
  <parent><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId><version>3.3.0</version></parent>
  <artifactId>orders</artifactId>
  <dependencies>
    <dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-web</artifactId></dependency>
    <dependency><groupId>org.junit.jupiter</groupId><artifactId>junit-jupiter</artifactId><version>5.10.0</version><scope>test</scope></dependency>
  </dependencies>
</project>`,
    'src/main/java/com/x/App.java': 'class App {}\n',
  },
  gradle: {
    'build.gradle.kts': `plugins { id("org.springframework.boot") version "3.3.0" }
dependencies {
  implementation("org.springframework.boot:spring-boot-starter-web:3.3.0")
  testImplementation("org.junit.jupiter:junit-jupiter:5.10.0")
}
`,
    'settings.gradle.kts': 'rootProject.name = "orders"\ninclude("core", "web")\n',
    gradlew: '#!/bin/sh\n',
    'src/main/kotlin/App.kt': 'fun main() {}\n',
  },
  ruby: {
    Gemfile: `source "https://rubygems.org"
gem "rails", "~> 7.1"
gem "pg"
group :development, :test do
  gem "rspec-rails"
end
`,
    'spec/models/user_spec.rb': 'describe User do; end\n',
    'app/models/user.rb': 'class User; end\n',
  },
  php: {
    'composer.json': JSON.stringify({
      name: 'acme/shop',
      require: { php: '^8.2', 'laravel/framework': '^11.0', 'ext-json': '*' },
      'require-dev': { 'phpunit/phpunit': '^11.0' },
    }),
    artisan: '#!/usr/bin/env php\n',
    'app/Http/Kernel.php': '<?php\n',
  },
  dotnet: {
    'Api/Api.csproj': `<Project Sdk="Microsoft.NET.Sdk.Web">
  <ItemGroup>
    <PackageReference Include="Microsoft.EntityFrameworkCore" Version="8.0.0" />
  </ItemGroup>
</Project>`,
    'Api/Program.cs': 'var app = WebApplication.Create();\n',
    'Api.Tests/Api.Tests.csproj': `<Project Sdk="Microsoft.NET.Sdk">
  <ItemGroup>
    <PackageReference Include="xunit" Version="2.9.0" />
  </ItemGroup>
</Project>`,
  },
  monorepo: {
    'package.json': JSON.stringify({ name: 'mono', private: true, workspaces: ['packages/*'], scripts: { test: 'npm run test --workspaces' } }),
    'packages/ui/package.json': JSON.stringify({ name: '@mono/ui', dependencies: { vue: '3.5.0' }, devDependencies: { jest: '29' } }),
    'packages/ui/src/a.vue': '<template/>\n',
    'packages/api/package.json': JSON.stringify({ name: '@mono/api', dependencies: { fastify: '5' }, scripts: { test: 'node --test' } }),
    'services/ml/pyproject.toml': '[project]\nname = "ml"\ndependencies = ["torch", "pytest"]\n',
    'services/ml/train.py': 'print(1)\n',
    'node_modules/left-pad/package.json': JSON.stringify({ name: 'left-pad' }),
    '.gitignore': 'node_modules\n',
  },
};
