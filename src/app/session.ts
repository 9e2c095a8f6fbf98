import type { Tools } from '../adapter/tools.js';
import type { CrossmeshConfig, MeshKey } from '../config/types.js';
import type { Step, StepId } from '../model/types.js';
import { Engine } from '../engine/engine.js';
import type { Asker, EngineEvent } from '../engine/events.js';
import { Journal, journalPath } from '../state/journal.js';
import { setupIdFor } from '../state/setup.js';
import { stepsFor } from '../../steps/index.js';
import { detectRehearsal, rehearsalReason } from './rehearsal.js';
import { statusReport, type StatusReport } from './status.js';
import { resumeOffer } from './scan.js';
import { withPrefix } from '../config/prefix.js';

export interface SessionOptions {
  /** the configuration as crossmesh.yaml has it (before any prefix) */
  config: CrossmeshConfig;
  /** put in front of every name: --prefix, else the file's prefix key */
  prefix?: string;
  /** the path of crossmesh.yaml; the journal and the setup label are derived from it */
  configFile: string;
  configExists: boolean;
  tools: Tools;
  /** --rehearse */
  rehearse: boolean;
  /** rehearse by itself when no cluster answers (the wizard does; `apply` never does) */
  rehearseWhenUnreachable: boolean;
  /** run the final connectivity check */
  verify: boolean;
  gatewayAddresses: Partial<Record<MeshKey, string>>;
  from?: StepId;
}

/** Where a resumed run continues, and what the scan found already in place. */
export interface ResumeChoice {
  from?: StepId;
  inSync: StepId[];
}

export interface ResumeProposal {
  report: StatusReport;
  point: StepId;
  inSync: StepId[];
}

/** How a front end answers the engine: its questions, its events, and whether a person is watching. */
export interface FrontEnd {
  ask: Asker;
  emit: (event: EngineEvent) => void;
  /** a person decides each step, so each step's objects are read before asking */
  previewLive: boolean;
}

/**
 * One run of crossmesh as both front ends see it: whether it rehearses, its journal, where it
 * resumes, and the engine it drives. The wizard and the plain front end differ only in how they
 * show the events and collect the answers.
 */
export class Session {
  rehearsal = false;
  journal: Journal | undefined;

  private constructor(public o: SessionOptions) {}

  static async open(o: SessionOptions): Promise<Session> {
    const session = new Session(o);
    await session.decideRehearsal();
    return session;
  }

  /** The configuration this run works with: the file's, with the prefix applied to every name. */
  get config(): CrossmeshConfig {
    return this.o.prefix ? withPrefix(this.o.config, this.o.prefix) : this.o.config;
  }

  /** The steps this run walks, with texts for its configuration. */
  steps(): Step[] {
    return stepsFor(this.config).filter((s) => this.o.verify || !s.probe || s.probe.kind !== 'final');
  }

  /** The user picked other contexts (first run in the wizard): decide the rehearsal again for them. */
  async retarget(config: CrossmeshConfig): Promise<void> {
    this.o = { ...this.o, config };
    await this.decideRehearsal();
  }

  private async decideRehearsal(): Promise<void> {
    this.rehearsal = this.o.rehearse || (this.o.rehearseWhenUnreachable && (await detectRehearsal(this.o.tools, this.config)));
    this.journal = this.rehearsal ? undefined : new Journal(journalPath(this.o.configFile));
  }

  /**
   * With an earlier run on record and no --from, reads what is already on the clusters and proposes
   * where to continue; undefined when there is nothing to resume.
   */
  async resumeProposal(): Promise<ResumeProposal | undefined> {
    if (this.rehearsal || this.o.from || !this.journal || !this.o.configExists) return undefined;
    const report = await statusReport(this.o.tools, this.config, this.journal);
    const offer = resumeOffer(report.rows, { verify: this.o.verify });
    return offer ? { report, ...offer } : undefined;
  }

  engine(frontEnd: FrontEnd, resume: ResumeChoice = { inSync: [] }): Engine {
    const from = resume.from ?? this.o.from;
    const { config } = this;
    return new Engine({
      config,
      steps: this.steps(),
      tools: this.o.tools,
      rehearsal: this.rehearsal,
      gatewayAddresses: this.o.gatewayAddresses,
      ...(from ? { from } : {}),
      ...(resume.inSync.length ? { inSync: resume.inSync } : {}),
      ...(this.journal ? { journal: this.journal } : {}),
      setupId: setupIdFor(this.o.configFile, this.o.prefix),
      ...(this.rehearsal ? { rehearsalReason: rehearsalReason(this.o.rehearse, config), rehearsalAskedFor: this.o.rehearse } : {}),
      ...frontEnd,
    });
  }
}
