import type { z } from 'zod';
import { auditContract } from './audit';
import { settingsContract } from './settings';
import { appContract } from './app';
import { authContract } from './auth';
import { dossiersContract } from './dossiers';
import { rosterContract } from './roster';
import { trainingContract } from './training';
import { officesContract } from './offices';
import { syncContract } from './sync';
import { zonesContract } from './zones';
import { importsContract } from './imports';

export const contract = {
  ...authContract,
  ...appContract,
  ...officesContract,
  ...settingsContract,
  ...auditContract,
  ...zonesContract,
  ...syncContract,
  ...dossiersContract,
  ...rosterContract,
  ...trainingContract,
  ...importsContract,
};

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type Input<M extends MethodName> = z.input<Contract[M]['input']>;
export type ParsedInput<M extends MethodName> = z.output<Contract[M]['input']>;
export type Output<M extends MethodName> = z.output<Contract[M]['output']>;

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

export * from './errors';
export * from './roles';
export * from './events';
