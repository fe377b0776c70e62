// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title DevPool: a Uniswap-V2-like constant-product pool for the wsc devnet.
/// @notice Reserves are internal book-keeping (no tokens move) so the traffic generator can swap from any
///         account. Events and their order match Uniswap V2: Sync(reserves) then Swap(...).
///         Price of token0 in token1 = reserve1 / reserve0 (starts at 2000).
///         Storage layout: slot 0 = reserve0 (uint112) | reserve1 (uint112) | blockTimestampLast (uint32).
contract DevPool {
    uint112 private reserve0;
    uint112 private reserve1;
    uint32 private blockTimestampLast;

    event Sync(uint112 reserve0, uint112 reserve1);
    event Swap(
        address indexed sender,
        uint256 amount0In,
        uint256 amount1In,
        uint256 amount0Out,
        uint256 amount1Out,
        address indexed to
    );

    constructor() {
        _update(1_000 * 10 ** 18, 2_000_000 * 10 ** 18);
    }

    function getReserves() external view returns (uint112, uint112, uint32) {
        return (reserve0, reserve1, blockTimestampLast);
    }

    /// @notice Swaps exactly one input side for the other at the constant-product price (no fee).
    function swap(uint256 amount0In, uint256 amount1In, address to)
        external
        returns (uint256 amount0Out, uint256 amount1Out)
    {
        require((amount0In == 0) != (amount1In == 0), "DevPool: exactly one input");
        uint256 r0 = reserve0;
        uint256 r1 = reserve1;
        if (amount0In > 0) {
            amount1Out = (r1 * amount0In) / (r0 + amount0In);
            require(amount1Out > 0 && amount1Out < r1, "DevPool: output");
        } else {
            amount0Out = (r0 * amount1In) / (r1 + amount1In);
            require(amount0Out > 0 && amount0Out < r0, "DevPool: output");
        }
        _update(r0 + amount0In - amount0Out, r1 + amount1In - amount1Out);
        emit Swap(msg.sender, amount0In, amount1In, amount0Out, amount1Out, to);
    }

    function _update(uint256 balance0, uint256 balance1) private {
        require(balance0 <= type(uint112).max && balance1 <= type(uint112).max, "DevPool: overflow");
        reserve0 = uint112(balance0);
        reserve1 = uint112(balance1);
        blockTimestampLast = uint32(block.timestamp);
        emit Sync(reserve0, reserve1);
    }
}
