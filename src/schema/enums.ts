/** Registers the shared domain enums with type-graphql; the enums themselves live in ../domain.ts. */
import { registerEnumType } from 'type-graphql';
import { AccuracyRequirement, Architecture, Confidence, DocumentType, ProcessingMethod, TypeDetectionSource } from '../domain.js';

registerEnumType(DocumentType, { name: 'DocumentType', description: 'What kind of document this is; picks the SageMaker endpoint.' });
registerEnumType(AccuracyRequirement, {
  name: 'AccuracyRequirement',
  description: 'How much accuracy the caller needs; HIGH may call both back ends.',
});
registerEnumType(ProcessingMethod, { name: 'ProcessingMethod', description: 'Which back ends process the document.' });
registerEnumType(Architecture, {
  name: 'Architecture',
  description: 'How the back ends are combined.',
  valuesConfig: {
    AUTO: { description: 'chooseMethod picks one of the others from cost, type and accuracy.' },
    STAGED: { description: 'Bedrock first; SageMaker deep analysis only when needed.' },
    PARALLEL: { description: 'Both at once; latency is the slower of the two.' },
    DECISION_TREE: { description: 'Simple work to Bedrock, complex work to SageMaker; never both.' },
  },
});
registerEnumType(Confidence, { name: 'Confidence', description: 'A confidence level derived from a score in [0,1].' });

registerEnumType(TypeDetectionSource, {
  name: 'TypeDetectionSource',
  description: 'Which step of the type-detection cascade decided the document type.',
  valuesConfig: {
    CALLER: { description: 'The caller gave documentType.' },
    CLASSIFIER: {
      description: 'The in-process classifier, at or above TYPE_DETECTION_MIN_PROBABILITY (or unsure, where no Bedrock first pass ran).',
    },
    BEDROCK: { description: "Bedrock's first pass, asked because the classifier was unsure." },
  },
});

export { AccuracyRequirement, Architecture, Confidence, DocumentType, ProcessingMethod, TypeDetectionSource };
