/** Version of the training engine; stored with every run so results can be traced to the code. */
export const ENGINE_VERSION = '0.1.0';
