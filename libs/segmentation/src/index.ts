// @retain/segmentation: features, RFM, clustering and churn models (pure, no I/O).
// The content arrives with the segmentation issue; this is the package's one public entry point.
export const SEGMENTATION_PACKAGE = '@retain/segmentation';
