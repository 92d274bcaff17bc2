// The tiny run moved to test/helpers/tinyTraining.ts; kept here for importers outside test/main.
export { tinyShapes, trainTinyRun } from '../../../../helpers/tinyTraining'
