// `tend export`: the same validated specs rendered for an orchestrator. One model, one pure render per
// target; loading (load.ts) and writing (write.ts) are the only effects.
import { renderCompose } from './compose.js';
import { renderKubernetes } from './kubernetes.js';
import { renderNomad } from './nomad.js';
import { renderSystemd } from './systemd.js';
import type { ExportModel, ExportResult, ExportTarget } from './types.js';

export { exportTargets, type ExportTarget, type ExportResult, type ExportWarning, type ExportFile, type ExportModel } from './types.js';
export { loadExportModel, type ExportLoadOptions } from './load.js';
export { writeExport, type WrittenFile } from './write.js';

const renderers: Readonly<Record<ExportTarget, (model: ExportModel) => ExportResult>> = {
  kubernetes: renderKubernetes,
  nomad: renderNomad,
  compose: renderCompose,
  systemd: renderSystemd,
};

export function renderExport(model: ExportModel): ExportResult {
  return renderers[model.target](model);
}
