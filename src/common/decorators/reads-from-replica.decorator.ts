import { SetMetadata } from '@nestjs/common';

export const READS_FROM_REPLICA = 'readsFromReplica';

/**
 * The route only reads and its clients accept data a moment old (lists, history, dashboards, exports):
 * with DATABASE_READ_URL its statements go to the read replica. Detail reads stay on the primary, so a
 * client always sees a resource it has just written when it asks for it by id (docs/scaling.md).
 */
export const ReadsFromReplica = (): MethodDecorator & ClassDecorator => SetMetadata(READS_FROM_REPLICA, true);
