import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import { CortexError, type Project } from '../contract/index.js';
import type { ProjectRepository } from '../store/project-repository.js';
import { checkProjectFolder } from './folder-check.js';

/** Projects: local folders the user works in. Removing a project never touches its folder. */
export class ProjectService {
  constructor(private readonly repo: ProjectRepository) {}

  list(): Project[] {
    return this.repo.list();
  }

  /**
   * @throws CortexError `NOT_FOUND` when no project has that id
   */
  get(id: string): Project {
    const p = this.repo.get(id);
    if (!p) throw new CortexError('NOT_FOUND', `There is no project with id ${id}.`, 'List projects to see their ids.');
    return p;
  }

  /**
   * Adds a folder as a project, or returns the existing project for that folder.
   * @param path absolute, relative (to `base`) or `~`-prefixed path
   * @param name display name; defaults to the folder's name
   * @returns the project and whether it was created now
   * @throws CortexError from {@link checkProjectFolder}
   */
  add(path: string, name?: string, base?: string): { project: Project; created: boolean } {
    const real = checkProjectFolder(path, base);
    const existing = this.repo.findByPath(real);
    if (existing) return { project: existing, created: false };
    const project: Project = { id: randomUUID(), name: name?.trim() || basename(real) || real, path: real, createdAt: Date.now() };
    this.repo.insert(project);
    return { project, created: true };
  }

  /** @throws CortexError `NOT_FOUND` */
  rename(id: string, name: string): Project {
    this.get(id);
    this.repo.rename(id, name.trim());
    return this.get(id);
  }

  /** Forgets the project (and, by cascade, its session history). @throws CortexError `NOT_FOUND` */
  remove(id: string): void {
    this.get(id);
    this.repo.remove(id);
  }
}
