/** Types shared by the filter's readers (see trace-table.ts). */
export type AnnotationValue = string | number | boolean;

/** Values over every segment of a trace (`user`, `resource_arn`, EC2 instance id and availability zone). */
export type ListField = 'users' | 'resourceArns' | 'instanceIds' | 'availabilityZones';

export const NO_STRINGS: readonly string[] = [];
