import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';

/** An IPv4 or IPv6 address as the throttle keys it (Express's `request.ip`, IPv4-mapped IPv6 included). */
export const CLIENT_ADDRESS_PATTERN = /^(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f:]{2,39}(?::\d{1,3}(?:\.\d{1,3}){3})?)$/;

/** Route parameter of `DELETE /v1/access/throttled-addresses/{address}`. */
export class ClientAddressParam {
  @ApiProperty({ example: '203.0.113.7', description: 'The client address whose throttle is lifted' })
  @Matches(CLIENT_ADDRESS_PATTERN, { message: '$property must be an IPv4 or IPv6 address' })
  address!: string;
}
