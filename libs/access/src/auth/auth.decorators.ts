import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { HttpRequest } from '@app/http';
import { Action } from './permissions';
import { Principal } from './principal';

export const PERMISSION_KEY = 'safe-referral:permission';
export const PUBLIC_KEY = 'safe-referral:public';

/** The action a route performs, looked up in PERMISSIONS by the AuthGuard. */
export const Permission = (action: Action) => SetMetadata(PERMISSION_KEY, action);

/** Routes without authentication: health probes and the API description. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** A request once the AuthGuard has seen it: who sends it. */
export interface AuthenticatedRequest extends HttpRequest {
  auth?: Principal;
  /** The raw Node request, which the request logger sees. */
  raw?: { auth?: Pick<Principal, 'agencyId' | 'role'> };
}

export const CurrentPrincipal = createParamDecorator(
  (_: unknown, context: ExecutionContext): Principal => {
    const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().auth;
    if (!principal)
      throw new Error('route has no authenticated principal: is it missing @Permission?');
    return principal;
  },
);
