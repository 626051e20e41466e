/** Types for buildStamp.mjs (see there). */
export declare const BUILD_INPUTS: string[]
export declare const BUILD_OUTPUTS: string[]
export declare const STAMP_FILE: string
export declare function inputFiles(root: string, inputs?: string[]): string[]
export declare function inputsHash(root: string, inputs?: string[]): string
export declare function staleReason(root: string, hash?: string): string | null
export declare function writeStamp(root: string, hash?: string): void
