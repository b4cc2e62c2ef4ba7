import { defineParameterType } from '@cucumber/cucumber';
import { PARAMETER_TYPES } from './parameter-type-list.ts';

for (const type of PARAMETER_TYPES) defineParameterType(type);
