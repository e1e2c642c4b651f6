/** Business modules under /api/v1, besides auth and users. */
export const FEATURE_MODULES = [];
