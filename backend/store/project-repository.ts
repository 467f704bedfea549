import type { Project } from '../contract/index.js';
import type { Db } from './database.js';

interface ProjectRow {
  id: string;
  name: string;
  path: string;
  created_at: number;
}

const toProject = (r: ProjectRow): Project => ({ id: r.id, name: r.name, path: r.path, createdAt: r.created_at });

/** Rows of the `projects` table. All statements are prepared once. */
export class ProjectRepository {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      all: db.prepare<[], ProjectRow>('SELECT * FROM projects ORDER BY name COLLATE NOCASE, created_at'),
      byId: db.prepare<[string], ProjectRow>('SELECT * FROM projects WHERE id = ?'),
      byPath: db.prepare<[string], ProjectRow>('SELECT * FROM projects WHERE path = ?'),
      insert: db.prepare('INSERT INTO projects (id, name, path, created_at) VALUES (@id, @name, @path, @createdAt)'),
      rename: db.prepare('UPDATE projects SET name = ? WHERE id = ?'),
      remove: db.prepare('DELETE FROM projects WHERE id = ?'),
    };
  }

  list(): Project[] {
    return this.stmts.all.all().map(toProject);
  }

  get(id: string): Project | undefined {
    const r = this.stmts.byId.get(id);
    return r && toProject(r);
  }

  findByPath(path: string): Project | undefined {
    const r = this.stmts.byPath.get(path);
    return r && toProject(r);
  }

  insert(p: Project): void {
    this.stmts.insert.run(p);
  }

  rename(id: string, name: string): void {
    this.stmts.rename.run(name, id);
  }

  /** Deletes the row; its sessions and their events go with it (ON DELETE CASCADE). */
  remove(id: string): void {
    this.stmts.remove.run(id);
  }
}
